// answers: the units a unit works with most (shared assignments, any role)
// params: unit:text (canonical unit name)
// example: unit=市工业和信息化局
MATCH (u:Unit)-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment)<-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]-(p:Unit)
WHERE u.name = $unit AND p.name <> $unit
RETURN p.name AS partner, count(DISTINCT a.id) AS shared
ORDER BY shared DESC, partner
