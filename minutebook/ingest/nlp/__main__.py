"""`python -m minutebook.ingest.nlp PACK.pdf`: print the actions found in a pack."""

from minutebook.ingest.nlp import main

main()
