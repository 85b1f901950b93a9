// answers: assignments that name no lead unit
// params: none
MATCH (a:Assignment)
WHERE NOT EXISTS { MATCH (:Unit)-[:LEADS]->(a) }
RETURN a.task_label AS task, a.seq AS seq, a.task_title AS title, a.deadline_text AS deadline
ORDER BY a.document_id, a.id
