"""FilterSets of the clients app."""
