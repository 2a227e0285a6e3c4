"""Chinese-text helpers every stage uses, below the stages: the script (traditional → simplified
working copy, OpenCC), Chinese numerals and dates (``numbers``).  Nothing here imports a stage."""
