// answers: assignments that name no responsible unit (only leads, or nothing)
// params: none
MATCH (a:Assignment)
WHERE NOT EXISTS { MATCH (:Unit)-[:RESPONSIBLE_FOR]->(a) }
MATCH (d:Document) WHERE d.id = a.document_id
RETURN a.task_label AS task, a.seq AS seq, a.task_title AS title, a.deadline_text AS deadline,
       CASE WHEN d.doc_number IS NULL OR d.doc_number = '' THEN d.title ELSE d.doc_number END AS document, a.id AS id
ORDER BY a.document_id, a.id
