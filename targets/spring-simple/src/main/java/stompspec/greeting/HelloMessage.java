package stompspec.greeting;

/** What the client sends to /app/hello: {"name": "..."}. */
public class HelloMessage {
    private String name;

    public HelloMessage() {
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
