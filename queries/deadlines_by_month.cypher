// answers: how many assignments fall due in each month (open-ended ones have no month)
// params: none
MATCH (a:Assignment)
WHERE a.due_month IS NOT NULL
RETURN a.due_year AS year, a.due_month AS month, count(a) AS assignments
ORDER BY year, month
