package stompspec.greeting;

/** What /topic/greetings receives: {"content": "Hello, X!"}. */
public class Greeting {
    private final String content;

    public Greeting(String content) {
        this.content = content;
    }

    public String getContent() {
        return content;
    }
}
