// answers: every assignment of a unit, with its role
// params: unit (canonical unit name)
// example: unit=市财政局
MATCH (u:Unit)-[:LEADS]->(a:Assignment) WHERE u.name = $unit
RETURN 'lead' AS role, a.task_label AS task, a.seq AS seq, a.deadline_text AS deadline, a.id AS id
UNION ALL
MATCH (u:Unit)-[:RESPONSIBLE_FOR]->(a:Assignment) WHERE u.name = $unit
RETURN 'responsible' AS role, a.task_label AS task, a.seq AS seq, a.deadline_text AS deadline, a.id AS id
UNION ALL
MATCH (u:Unit)-[:COOPERATES_ON]->(a:Assignment) WHERE u.name = $unit
RETURN 'cooperating' AS role, a.task_label AS task, a.seq AS seq, a.deadline_text AS deadline, a.id AS id
