// answers: how deadlines are written (全年, 2024年6月, 长期坚持) and how many assignments use each; open-ended ones have no end date
// params: none
MATCH (a:Assignment)
RETURN a.deadline_text AS deadline, a.open_ended AS open_ended, count(a) AS assignments
ORDER BY assignments DESC, deadline
