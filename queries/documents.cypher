// answers: the documents in the store (id for remove and reparse, 文号, place) with their task and assignment counts
// params: none
MATCH (t:Task)-[:HAS_ASSIGNMENT]->(a:Assignment)
WITH t.document_id AS id, count(DISTINCT t.id) AS tasks, count(a) AS assignments
MATCH (d:Document) WHERE d.id = id
RETURN d.id AS id, d.title AS title, d.doc_number AS doc_number, coalesce(d.jurisdiction, '') AS place, tasks,
       assignments
ORDER BY title, id
