"""One settings object, read from ``PEACEGRAPH_*`` environment variables (or ``.env``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    DotEnvSettingsSource,
    EnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

EMBEDDED_DATABASE = "peacegraph"

# The names every Neo4j tool reads, for the connection settings they stand in for.
NEO4J_NAMES = {
    "neo4j_uri": "NEO4J_URI",
    "neo4j_user": "NEO4J_USERNAME",
    "neo4j_password": "NEO4J_PASSWORD",
    "neo4j_database": "NEO4J_DATABASE",
}


class Neo4jNames(PydanticBaseSettingsSource):
    """``NEO4J_URI``, ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE`` (environment, then ``.env``)
    as fallbacks of the ``PEACEGRAPH_NEO4J_*`` settings.

    They count only when a Neo4j URI is configured (by either name): a ``NEO4J_PASSWORD`` meant
    for a Neo4j, such as the one docker compose reads from ``.env``, must not become the
    embedded server's password, nor ``NEO4J_DATABASE`` its database.
    """

    def __init__(self, settings_cls: type[BaseSettings], env: EnvSettingsSource, dotenv: DotEnvSettingsSource) -> None:
        super().__init__(settings_cls)
        self.env = env
        self.dotenv = dotenv

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        """Unused: ``__call__`` reads all four at once."""
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for names in (self.dotenv.env_vars, self.env.env_vars):  # the environment wins over .env
            for field, name in NEO4J_NAMES.items():
                value = names.get(name) or names.get(name.lower())
                if value:
                    found[field] = value
        # current_state: what the sources above this one (arguments, PEACEGRAPH_* names) gave.
        uri = self.current_state["neo4j_uri"] if "neo4j_uri" in self.current_state else found.get("neo4j_uri")
        return found if uri else {}


class Settings(BaseSettings):
    """Every knob of peacegraph. Unset ``neo4j_uri`` means: use the embedded server."""

    model_config = SettingsConfigDict(env_prefix="PEACEGRAPH_", env_file=".env", extra="ignore")

    neo4j_uri: str | None = Field(
        default=None,
        description="bolt:// or neo4j:// URI of a Neo4j 5 (or Aura, neo4j+s://); unset = embedded server",
    )
    neo4j_user: str = Field(
        default="root",
        description="database user (embedded: root)",
    )
    neo4j_password: SecretStr | None = Field(
        default=None,
        description="password; embedded: generated and stored 0600 in data_dir",
    )
    neo4j_database: str | None = Field(
        default=None,
        description="database name; unset = the Neo4j server's home database, or `peacegraph` on the embedded server",
    )

    data_dir: Path = Field(default=Path("data"), description="embedded server data directory")
    bolt_host: str = Field(default="127.0.0.1", description="embedded server bind address")
    bolt_port: int = Field(default=7687, description="embedded server Bolt port")
    http_port: int = Field(default=2480, description="embedded server HTTP/studio port")
    server_start_timeout: float = Field(default=90.0, description="seconds to wait for the embedded server")
    server_heap: str = Field(default="2g", description="embedded server JVM heap")
    server_command_timeout: float = Field(
        default=60.0,
        ge=0,
        description="seconds the graph server lets one statement run before aborting it: the embedded server "
        "every statement (arcadedb.command.timeout), Neo4j each read of the API (the timeout sent with it); "
        "0 = no limit",
    )

    api_host: str = "127.0.0.1"
    api_port: int = 8000
    api_key: SecretStr | None = Field(default=None, description="key for write endpoints; unset = writes off")
    node_modules: Path | None = Field(
        default=None,
        description="npm packages of the graph page (cytoscape); unset = node_modules of the source tree or ./",
    )

    batch_size: int = Field(default=5000, ge=1, description="rows per UNWIND batch")
    write_retries: int = Field(default=8, ge=0, description="retries of a write on concurrent modification")
    db_retry_time: float = Field(
        default=3.0, ge=0, description="seconds a transaction is retried while the graph server is unreachable"
    )
    max_article_bytes: int = Field(default=5_000_000, ge=1, description="largest article file accepted")
    max_articles_per_request: int = Field(default=50, ge=1, description="articles per POST /articles")
    max_article_chars: int = Field(
        default=300_000,
        ge=1,
        description="longest article text (characters) loaded; longer ones are refused "
        "(parsing is linear but slow: ~0.5 ms per character here, one article at a time)",
    )
    cypher_row_cap: int = Field(default=1000, ge=1, description="rows returned by POST /cypher at most")
    cypher_timeout: float = Field(default=10.0, gt=0, description="seconds a POST /cypher query may run")
    cypher_concurrency: int = Field(
        default=4, ge=1, description="POST /cypher queries running at once; more answer 429"
    )
    cypher_max_query_chars: int = Field(default=20_000, ge=1, description="longest query POST /cypher accepts")
    cypher_max_result_bytes: int = Field(
        default=10_000_000, ge=1, description="JSON size of a POST /cypher answer at most (rows beyond are cut)"
    )
    export_concurrency: int = Field(
        default=1, ge=1, description="whole-graph GET /export running at once; more answer 429"
    )
    max_request_bytes: int = Field(
        default=20_000_000, ge=1, description="largest request body of a write endpoint (413 above)"
    )
    write_rate_limit: int = Field(
        default=60, ge=1, description="write requests per client per write_rate_window seconds (429 above)"
    )
    write_rate_window: float = Field(default=60.0, gt=0, description="seconds of the write rate limit window")
    api_header_timeout: float = Field(
        default=10.0, gt=0, description="seconds a client has to send a request's line and headers (then closed)"
    )
    api_max_connections: int = Field(
        default=200, ge=1, description="open connections to the API at most; requests beyond answer 503"
    )
    trusted_proxies: str = Field(
        default="",
        description="reverse proxies whose X-Forwarded-For is believed (comma-separated addresses or networks, "
        "as uvicorn's forwarded_allow_ips); empty = the TCP peer is the client",
    )
    url_fetch_timeout: float = Field(default=20.0, gt=0, description="seconds to fetch an article URL")
    url_allow_private: bool = Field(
        default=False, description="allow article URLs on loopback or private addresses (off: SSRF guard)"
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        assert isinstance(env_settings, EnvSettingsSource) and isinstance(dotenv_settings, DotEnvSettingsSource)
        neo4j_names = Neo4jNames(settings_cls, env_settings, dotenv_settings)
        return init_settings, env_settings, dotenv_settings, neo4j_names, file_secret_settings

    def database(self) -> str | None:
        """The database to use: the configured one; else on Neo4j None (the user's home database,
        the driver's default), on the embedded server ``peacegraph``."""
        if self.neo4j_database:
            return self.neo4j_database
        return None if self.neo4j_uri else EMBEDDED_DATABASE


@lru_cache
def get_settings() -> Settings:
    return Settings()
