// answers: the quantitative targets set in the tasks of one action
// params: action:int (action number)
// example: action=9
MATCH (x:Action)-[:HAS_TASK]->(t:Task)-[:SETS_TARGET]->(i:Indicator)
WHERE x.seq = $action
MATCH (d:Document) WHERE d.id = t.document_id
RETURN t.label AS task, i.metric AS metric, i.comparator AS comparator, i.value AS value, i.unit AS unit,
       CASE WHEN d.doc_number IS NULL OR d.doc_number = '' THEN d.title ELSE d.doc_number END AS document, t.id AS task_id
ORDER BY t.document_id, t.seq, i.span_start
