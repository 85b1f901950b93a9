// answers: the quantitative targets set in one task (by its label as printed)
// params: task:text (task label as printed, e.g. 25 or 保障措施, or its name where numbers repeat, 保障措施.2)
// example: task="25"
MATCH (t:Task)-[:SETS_TARGET]->(i:Indicator)
WHERE t.label = $task
MATCH (d:Document) WHERE d.id = t.document_id
RETURN t.label AS task, i.metric AS metric, i.comparator AS comparator, i.value AS value, i.unit AS unit,
       CASE WHEN d.doc_number IS NULL OR d.doc_number = '' THEN d.title ELSE d.doc_number END AS document, t.id AS task_id
ORDER BY t.document_id, t.seq, i.span_start
