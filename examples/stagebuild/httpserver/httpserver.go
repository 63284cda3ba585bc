// httpserver is the program the stagebuild demo packs into four images, after the second
// article: a tiny web server whose net/http package links against the C library when cgo is on.
package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
)

func main() {
	addr := ":1111"
	if value := os.Getenv("HTTPSERVER_ADDR"); value != "" {
		addr = value
	}
	http.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "hello from an image stagebuild made")
	})
	fmt.Println("httpserver: started")
	fmt.Println("httpserver: listening on", addr)
	log.Fatal(http.ListenAndServe(addr, nil))
}
