# filled in next
