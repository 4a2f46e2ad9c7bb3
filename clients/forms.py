"""Forms of the clients app."""
