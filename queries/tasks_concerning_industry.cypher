// answers: tasks that name an industry, chain or cluster (by its name)
// params: industry:text (concept name, e.g. 集成电路)
// example: industry=集成电路
MATCH (t:Task)-[:CONCERNS]->(c)
WHERE c.name = $industry
RETURN DISTINCT t.label AS task, t.title AS title
ORDER BY task
