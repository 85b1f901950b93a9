// answers: assignments with no end date (长期坚持, 持续推进)
// params: none
MATCH (a:Assignment)
WHERE a.open_ended = true
RETURN a.task_label AS task, a.seq AS seq, a.deadline_text AS deadline
ORDER BY a.document_id, a.id
