package main

func main() {
	println("x")
	select {}
}
