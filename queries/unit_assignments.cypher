// answers: every assignment of a unit, with its role, grouped by the unit's place
// params: unit:text (unit name, 市财政局, or full name, 青岛市财政局)
// example: unit=市财政局
MATCH (u:Unit)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment)
WHERE u.name = $unit OR u.full_name = $unit
MATCH (d:Document) WHERE d.id = a.document_id
RETURN r.role AS role, a.task_label AS task, a.seq AS seq, a.deadline_text AS deadline, a.id AS id,
       CASE WHEN d.doc_number IS NULL OR d.doc_number = '' THEN d.title ELSE d.doc_number END AS document, coalesce(u.place, '') AS place
ORDER BY place, a.document_id, a.id, role
