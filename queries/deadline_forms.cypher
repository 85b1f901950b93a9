// answers: how deadlines are written (全年, 2024年6月, 长期坚持, 每季度) and how many assignments use each; open-ended ones have no end date, recurring ones name their period (month, quarter, …)
// params: none
MATCH (a:Assignment)
RETURN a.deadline_text AS deadline, a.open_ended AS open_ended, a.recurring AS recurring, count(a) AS assignments
ORDER BY assignments DESC, deadline
