// answers: tasks that name an industry, chain or cluster (by its name)
// params: industry:text (concept name, e.g. 集成电路)
// example: industry=集成电路
MATCH (t:Task)-[:CONCERNS]->(c)
WHERE c.name = $industry
MATCH (d:Document) WHERE d.id = t.document_id
RETURN DISTINCT t.label AS task, t.title AS title,
       CASE WHEN d.doc_number IS NULL OR d.doc_number = '' THEN d.title ELSE d.doc_number END AS document, t.id AS task_id
ORDER BY document, task
