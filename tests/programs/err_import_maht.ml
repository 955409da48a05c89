// Unknown import with a suggestion.
import maht;
print(maht.sqrt(4));
