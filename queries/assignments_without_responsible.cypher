// answers: assignments that name no responsible unit (only leads, or nothing)
// params: none
MATCH (a:Assignment)
WHERE NOT EXISTS { MATCH (:Unit)-[:RESPONSIBLE_FOR]->(a) }
RETURN a.task_label AS task, a.seq AS seq, a.task_title AS title, a.deadline_text AS deadline
ORDER BY a.document_id, a.id
