"""Pages of the clients app: staff pages (clients, complaints, CSAT) and the client portal."""
