// answers: assignments due in a given month
// params: year:int (e.g. 2024); month:int (1-12)
// example: year=2024;month=9
MATCH (a:Assignment)
WHERE a.due_year = $year AND a.due_month = $month
MATCH (d:Document) WHERE d.id = a.document_id
RETURN a.task_label AS task, a.seq AS seq, a.task_title AS title, a.deadline_text AS deadline,
       CASE WHEN d.doc_number IS NULL OR d.doc_number = '' THEN d.title ELSE d.doc_number END AS document, a.id AS id
ORDER BY a.document_id, a.id
