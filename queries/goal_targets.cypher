// answers: the targets of the goals section
// params: none
MATCH (g:Goal)-[:SETS_TARGET]->(i:Indicator)
MATCH (d:Document) WHERE d.id = g.document_id
RETURN g.area AS goal, i.metric AS metric, i.comparator AS comparator, i.value AS value, i.unit AS unit, i.growth AS growth,
       CASE WHEN d.doc_number IS NULL OR d.doc_number = '' THEN d.title ELSE d.doc_number END AS document
ORDER BY g.document_id, g.id, i.span_start
