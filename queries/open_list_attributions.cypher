// answers: attributions whose unit list ends in 等 (open lists: more units than named)
// params: none
MATCH (a:Assignment)
WHERE a.lead_open = true OR a.responsible_open = true OR a.cooperating_open = true
RETURN a.task_label AS task, a.seq AS seq, a.lead_open AS lead_open, a.responsible_open AS responsible_open
ORDER BY a.document_id, a.id
