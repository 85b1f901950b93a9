// answers: assignments due on or before a date (ISO yyyy-mm-dd), soonest first
// params: date:date (yyyy-mm-dd)
// example: date=2024-06-30
MATCH (a:Assignment)
WHERE a.due_end <= date($date)
MATCH (d:Document) WHERE d.id = a.document_id
RETURN a.task_label AS task, a.seq AS seq, a.due_end AS due_end, a.deadline_text AS deadline,
       CASE WHEN d.doc_number IS NULL OR d.doc_number = '' THEN d.title ELSE d.doc_number END AS document, a.id AS id
ORDER BY due_end, a.document_id, a.id
