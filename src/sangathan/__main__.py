from sangathan.cli import main

main()
