# The builder with a static build: CGO_ENABLED=0 makes Go use its own resolver, no libc at all.
FROM stagebuild-demo/golang-builder:bookworm
WORKDIR /go/src
COPY httpserver.go .
RUN CGO_ENABLED=0 go build -o httpserver ./httpserver.go
