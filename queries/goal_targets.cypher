// answers: the targets of the goals section
// params: none
MATCH (g:Goal)-[:SETS_TARGET]->(i:Indicator)
RETURN g.area AS goal, i.metric AS metric, i.comparator AS comparator, i.value AS value, i.unit AS unit, i.growth AS growth
ORDER BY g.id, i.span_start
