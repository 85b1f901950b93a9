// answers: which assignments a unit leads, with task and deadline, grouped by the unit's place
// params: unit:text (unit name, 市工业和信息化局, or full name, 青岛市工业和信息化局)
// example: unit=市工业和信息化局
MATCH (u:Unit)-[:LEADS]->(a:Assignment)
WHERE u.name = $unit OR u.full_name = $unit
MATCH (d:Document) WHERE d.id = a.document_id
RETURN a.task_label AS task, a.seq AS seq, a.task_title AS title, a.deadline_text AS deadline, a.due_end AS due_end, a.id AS id,
       CASE WHEN d.doc_number IS NULL OR d.doc_number = '' THEN d.title ELSE d.doc_number END AS document, coalesce(u.place, '') AS place
ORDER BY place, a.document_id, a.id
