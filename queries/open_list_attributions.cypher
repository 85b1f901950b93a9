// answers: attributions whose unit list ends in 等 (open lists: more units than named)
// params: none
MATCH (a:Assignment)
WHERE a.lead_open = true OR a.responsible_open = true OR a.cooperating_open = true
MATCH (d:Document) WHERE d.id = a.document_id
RETURN a.task_label AS task, a.seq AS seq, a.lead_open AS lead_open, a.responsible_open AS responsible_open,
       CASE WHEN d.doc_number IS NULL OR d.doc_number = '' THEN d.title ELSE d.doc_number END AS document, a.id AS id
ORDER BY a.document_id, a.id
