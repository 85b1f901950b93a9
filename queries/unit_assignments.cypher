// answers: every assignment of a unit, with its role
// params: unit:text (canonical unit name)
// example: unit=市财政局
MATCH (u:Unit)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment)
WHERE u.name = $unit
RETURN r.role AS role, a.task_label AS task, a.seq AS seq, a.deadline_text AS deadline, a.id AS id
ORDER BY a.document_id, a.id, role
