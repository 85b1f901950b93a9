// answers: assignments given to a collective such as 各区(市), with the collective's member count
// params: none
MATCH (c:Unit)-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment)
WHERE c.kind = 'collective'
OPTIONAL MATCH (m:Unit)-[:MEMBER_OF]->(c)
WITH c, a, count(m) AS members
MATCH (d:Document) WHERE d.id = a.document_id
RETURN c.name AS collective, members, a.task_label AS task, a.seq AS seq,
       CASE WHEN d.doc_number IS NULL OR d.doc_number = '' THEN d.title ELSE d.doc_number END AS document, a.id AS id
ORDER BY collective, a.document_id, a.id
