// answers: assignments due in a given month by their end date; recurring duties (每月, 每季度 …) are left out (their dates in a month are counted from their period and span, which this query cannot do): ask "2026年12月到期的任务" or "本月到期的任务" for them
// params: year:int (e.g. 2024); month:int (1-12)
// example: year=2024;month=9
MATCH (a:Assignment)
WHERE a.due_year = $year AND a.due_month = $month AND (a.recurring IS NULL OR a.recurring = '')
MATCH (d:Document) WHERE d.id = a.document_id
RETURN a.task_label AS task, a.seq AS seq, a.task_title AS title, a.deadline_text AS deadline,
       CASE WHEN d.doc_number IS NULL OR d.doc_number = '' THEN d.title ELSE d.doc_number END AS document, a.id AS id
ORDER BY a.document_id, a.id
