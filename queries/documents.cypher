// answers: the documents in the store with their task and assignment counts
// params: none
MATCH (t:Task)-[:HAS_ASSIGNMENT]->(a:Assignment)
WITH t.document_id AS id, count(DISTINCT t.id) AS tasks, count(a) AS assignments
MATCH (d:Document) WHERE d.id = id
RETURN d.title AS title, d.doc_number AS doc_number, tasks, assignments
ORDER BY title
