// answers: what reaches a member unit (a district) through the collectives it belongs to
// params: unit:text (canonical unit name, e.g. 即墨区)
// example: unit=即墨区
MATCH (m:Unit)-[:MEMBER_OF]->(c:Unit)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment)
WHERE m.name = $unit
RETURN c.name AS via, r.role AS role, a.task_label AS task, a.seq AS seq, a.deadline_text AS deadline, a.id AS id
ORDER BY via, a.document_id, a.id, role
