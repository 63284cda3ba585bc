# (a) One stage: the server built and shipped in the builder image, toolchain and all.
FROM stagebuild-demo/golang-builder:bookworm
WORKDIR /go/src
COPY httpserver.go .
RUN go build -o httpserver ./httpserver.go
ENTRYPOINT ["/go/src/httpserver"]
