// Ready queries for peacegraph. Each runs unchanged on Neo4j 5 (Neo4j Browser, cypher-shell)
// and on the embedded ArcadeDB server (Bolt, or its HTTP API), and tests/test_docs_queries.py
// runs every one of them against the seeds. Copy one query (up to its `;`) into the Browser.
// Values are written in; change the ids, numbers and dates to ask about something else.

// Who rejects point 7 of the 28-point plan (no NATO membership)
MATCH (a:Actor)-[r:REJECTS]->(p:PlanPoint {number: 7})-[:PART_OF]->(:Plan {id: 'plan:us-28-point-plan'})
RETURN a.name AS actor, r.date AS date, r.confidence AS confidence, r.evidence AS evidence, r.article AS article
ORDER BY date, actor;

// Actor x point stance matrix of the 28-point plan
MATCH (a:Actor)-[r]->(p:PlanPoint)-[:PART_OF]->(:Plan {id: 'plan:us-28-point-plan'})
WHERE type(r) IN ['SUPPORTS', 'REJECTS', 'CRITICIZES', 'PROPOSES', 'DEMANDS', 'CLAIMS', 'THREATENS']
RETURN a.name AS actor, p.number AS point, type(r) AS stance, count(r) AS times, max(r.date) AS latest
ORDER BY actor, point, stance;

// Who stands where on the 28-point plan as a whole (the plan or any of its points)
MATCH (a:Actor)-[r]->(t)
WHERE (t:Plan AND t.id = 'plan:us-28-point-plan') OR (t:PlanPoint AND t.plan = 'plan:us-28-point-plan')
RETURN a.name AS actor, type(r) AS stance, count(r) AS times, collect(DISTINCT coalesce(t.number, 0)) AS points
ORDER BY actor, stance;

// Shortest path from Putin to Zelensky
MATCH p = shortestPath((:Person {id: 'person:vladimir-putin'})-[*..6]-(:Person {id: 'person:volodymyr-zelenskyy'}))
RETURN p, [n IN nodes(p) | coalesce(n.name, n.title)] AS names, [r IN relationships(p) | type(r)] AS types;

// Shortest path from Putin to Zelensky through stances and meetings only
MATCH p = shortestPath(
  (:Person {id: 'person:vladimir-putin'})
  -[:SUPPORTS|REJECTS|CRITICIZES|PROPOSES|DEMANDS|THREATENS|CLAIMS|MEETS|ATTACKS|PARTICIPATES_IN*..8]-
  (:Person {id: 'person:volodymyr-zelenskyy'}))
RETURN p, [n IN nodes(p) | coalesce(n.name, n.title)] AS names, [r IN relationships(p) | type(r)] AS types;

// Timeline of one week: every stance expressed from 21 to 27 November 2025
MATCH (a:Actor)-[r]->(t)
WHERE r.evidence IS NOT NULL AND r.date >= '2025-11-21' AND r.date <= '2025-11-27'
RETURN r.date AS date, a.name AS actor, type(r) AS stance, coalesce(t.name, t.title) AS target, r.evidence AS evidence
ORDER BY date, actor, stance;

// Timeline of the same week as a graph (Neo4j Browser draws it)
MATCH (a:Actor)-[r]->(t)
WHERE r.evidence IS NOT NULL AND r.date >= '2025-11-21' AND r.date <= '2025-11-27'
RETURN a, r, t;

// Putin's neighborhood without the articles
MATCH (p:Person {id: 'person:vladimir-putin'})-[r]-(m)
WHERE NOT m:Article
RETURN p, r, m
LIMIT 150;

// Evidence for every stance of Zelensky, with the article it was read from
MATCH (z:Person {id: 'person:volodymyr-zelenskyy'})-[r]->(t)
WHERE r.evidence IS NOT NULL
MATCH (art:Article {id: r.article})
RETURN type(r) AS stance, coalesce(t.name, t.title) AS target, r.date AS date, r.evidence AS evidence,
       art.title AS article, art.url AS url
ORDER BY date, stance;

// Who meets whom
MATCH (a:Actor)-[r:MEETS]-(b:Actor)
WHERE a.id < b.id
RETURN a.name AS actor, b.name AS other, count(r) AS times, collect(DISTINCT r.date) AS dates
ORDER BY times DESC, actor;

// Points of the 28-point plan and what each concerns
MATCH (p:PlanPoint)-[:PART_OF]->(:Plan {id: 'plan:us-28-point-plan'})
OPTIONAL MATCH (p)-[:CONCERNS]->(x)
RETURN p.number AS point, p.title AS title, collect(x.name) AS concerns
ORDER BY point;

// Plan versions and which one each succeeds
MATCH (p:Plan)
OPTIONAL MATCH (p)-[:SUCCEEDS]->(q:Plan)
RETURN p.name AS plan, p.published AS published, p.points AS points, q.name AS succeeds
ORDER BY published, plan;

// Most mentioned entities across the articles
MATCH (a:Article)-[m:MENTIONS]->(e)
RETURN coalesce(e.name, e.id) AS entity, labels(e) AS labels, count(a) AS articles, sum(m.count) AS mentions
ORDER BY mentions DESC, entity
LIMIT 25;

// Articles, newest first, with the number of entities each mentions
MATCH (a:Article)
OPTIONAL MATCH (a)-[:MENTIONS]->(e)
RETURN a.published AS published, a.title AS title, a.source AS source, count(e) AS entities
ORDER BY published DESC, title;

// The graph in numbers: nodes per label
MATCH (n)
RETURN labels(n) AS labels, count(n) AS nodes
ORDER BY nodes DESC;
