// answers: the documents in the store (id for remove and reparse, 文号, place) with their task and assignment counts
// params: none
// every stored document, one with no assignment too (a withdrawal notice: 0 and 0), its tasks under it or its actions
MATCH (d:Document)
OPTIONAL MATCH (d)-[:HAS_ACTION|HAS_TASK*1..2]->(t:Task)-[:HAS_ASSIGNMENT]->(a:Assignment)
WITH d, count(DISTINCT t.id) AS tasks, count(a) AS assignments
RETURN d.id AS id, d.title AS title, d.doc_number AS doc_number, coalesce(d.jurisdiction, '') AS place, tasks,
       assignments
ORDER BY title, id
