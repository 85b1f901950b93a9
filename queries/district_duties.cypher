// answers: what reaches a member unit (a district) through the collectives it belongs to, grouped by its place
// params: unit:text (unit name, e.g. 即墨区, or full name)
// example: unit=即墨区
MATCH (m:Unit)-[:MEMBER_OF]->(c:Unit)-[r:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment)
WHERE m.name = $unit OR m.full_name = $unit
MATCH (d:Document) WHERE d.id = a.document_id
RETURN c.name AS via, r.role AS role, a.task_label AS task, a.seq AS seq, a.deadline_text AS deadline, a.id AS id,
       CASE WHEN d.doc_number IS NULL OR d.doc_number = '' THEN d.title ELSE d.doc_number END AS document, coalesce(m.place, '') AS place
ORDER BY place, via, a.document_id, a.id, role
