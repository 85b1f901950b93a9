// answers: what reaches a member unit (a district) through the collectives it belongs to
// params: unit (canonical unit name, e.g. 即墨区)
// example: unit=即墨区
MATCH (m:Unit)-[:MEMBER_OF]->(c:Unit)-[:RESPONSIBLE_FOR]->(a:Assignment)
WHERE m.name = $unit
RETURN c.name AS via, 'responsible' AS role, a.task_label AS task, a.seq AS seq, a.deadline_text AS deadline
UNION ALL
MATCH (m:Unit)-[:MEMBER_OF]->(c:Unit)-[:LEADS]->(a:Assignment)
WHERE m.name = $unit
RETURN c.name AS via, 'lead' AS role, a.task_label AS task, a.seq AS seq, a.deadline_text AS deadline
UNION ALL
MATCH (m:Unit)-[:MEMBER_OF]->(c:Unit)-[:COOPERATES_ON]->(a:Assignment)
WHERE m.name = $unit
RETURN c.name AS via, 'cooperating' AS role, a.task_label AS task, a.seq AS seq, a.deadline_text AS deadline
