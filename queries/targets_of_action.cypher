// answers: the quantitative targets set in the tasks of one action
// params: action:int (action number)
// example: action=9
MATCH (x:Action)-[:HAS_TASK]->(t:Task)-[:SETS_TARGET]->(i:Indicator)
WHERE x.seq = $action
RETURN t.label AS task, i.metric AS metric, i.comparator AS comparator, i.value AS value, i.unit AS unit
ORDER BY t.seq, i.span_start
