// answers: the units a unit works with most (shared assignments, any role), grouped by the unit's place
// params: unit:text (unit name, 市工业和信息化局, or full name, 青岛市工业和信息化局)
// example: unit=市工业和信息化局
MATCH (u:Unit)-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]->(a:Assignment)<-[:LEADS|RESPONSIBLE_FOR|COOPERATES_ON]-(p:Unit)
WHERE (u.name = $unit OR u.full_name = $unit) AND p.id <> u.id
RETURN p.name AS partner, count(DISTINCT a.id) AS shared, coalesce(u.place, '') AS place,
       p.full_name AS partner_full_name
ORDER BY place, shared DESC, partner
