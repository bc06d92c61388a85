# The peacegraph API with its graph page, for docker-compose.yml (Neo4j 5 beside it).
# The first stage fetches the page's drawing library from npm; the image itself is Python only.
FROM node:20-slim AS page-libraries
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY peacegraph ./peacegraph
COPY graph ./graph
COPY loaders ./loaders
COPY api ./api
RUN pip install . && useradd --create-home --uid 10001 peacegraph
COPY seeds ./seeds
COPY --from=page-libraries /build/node_modules ./node_modules
ENV PEACEGRAPH_API_HOST=0.0.0.0 \
    PEACEGRAPH_API_PORT=8000 \
    PEACEGRAPH_NODE_MODULES=/app/node_modules
USER peacegraph
EXPOSE 8000
# Loads the plans and the seed articles (articles already in the graph are skipped, so a
# restart reads nothing twice), then serves the API and the graph page on 0.0.0.0:8000.
CMD ["peacegraph", "up", "--seeds", "/app/seeds"]
