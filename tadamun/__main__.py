from tadamun.cli import main

main()
