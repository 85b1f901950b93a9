// answers: the tasks of one action, with how many assignments each has
// params: action:int (action number, 1 for (一))
// example: action=7
MATCH (x:Action)-[:HAS_TASK]->(t:Task)-[:HAS_ASSIGNMENT]->(a:Assignment)
WHERE x.seq = $action
MATCH (d:Document) WHERE d.id = t.document_id
RETURN t.seq AS seq, x.name AS action, t.label AS task, t.title AS title, count(a) AS assignments,
       CASE WHEN d.doc_number IS NULL OR d.doc_number = '' THEN d.title ELSE d.doc_number END AS document, t.id AS task_id
ORDER BY document, seq
