// answers: which assignments a unit leads, with task and deadline, grouped by the unit's place
// params: unit:text (unit name, 市工业和信息化局, or full name, 青岛市工业和信息化局)
// example: unit=市工业和信息化局
MATCH (u:Unit)-[:LEADS]->(a:Assignment)
WHERE u.name = $unit OR u.full_name = $unit
RETURN a.task_label AS task, a.seq AS seq, a.task_title AS title, a.deadline_text AS deadline, a.due_end AS due_end,
       coalesce(u.place, '') AS place
ORDER BY place, a.document_id, a.id
