// answers: every action of every document with its number of tasks and assignments
// params: none
MATCH (d:Document)-[:HAS_ACTION]->(x:Action)-[:HAS_TASK]->(t:Task)-[:HAS_ASSIGNMENT]->(a:Assignment)
RETURN d.title AS document, d.doc_number AS doc_number, d.id AS document_id, x.seq AS seq, x.name AS action,
       count(DISTINCT t.id) AS tasks, count(a) AS assignments
ORDER BY document, document_id, seq
