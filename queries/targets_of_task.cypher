// answers: the quantitative targets set in one task (by its label as printed)
// params: task:text (task label as printed, e.g. 25 or 保障措施)
// example: task="25"
MATCH (t:Task)-[:SETS_TARGET]->(i:Indicator)
WHERE t.label = $task
RETURN t.label AS task, i.metric AS metric, i.comparator AS comparator, i.value AS value, i.unit AS unit
ORDER BY t.seq, i.span_start
