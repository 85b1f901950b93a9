// answers: which assignments a unit leads, with task and deadline
// params: unit:text (canonical unit name)
// example: unit=市工业和信息化局
MATCH (u:Unit)-[:LEADS]->(a:Assignment)
WHERE u.name = $unit
RETURN a.task_label AS task, a.seq AS seq, a.task_title AS title, a.deadline_text AS deadline, a.due_end AS due_end
ORDER BY a.document_id, a.id
