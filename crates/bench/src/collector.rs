//! `collector-load URL SECRET ANSWERS CONNECTIONS DATA_DIR`: a burst of
//! survey answers against a running `posventa-collector`, as customers give
//! them: open a score link (GET) and confirm it on the thank-you page
//! (POST). Plain HTTP/1.1 over keep-alive connections (tokio, no client
//! library in the way). Answers are then counted in the collector's own
//! SQLite file, not from what the load side saw.

use std::time::{Duration, Instant};

use posventa_collector::{Keys, Lang, Reference, Survey, Token};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

type Res<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The whole burst must finish within this, or the run fails.
const TIME_LIMIT: Duration = Duration::from_secs(300);

pub fn load(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let [url, secret, answers, connections, data_dir] = args else {
        return Err("usage: collector-load URL SECRET ANSWERS CONNECTIONS DATA_DIR".into());
    };
    let address =
        url.strip_prefix("http://").ok_or("the URL must be http://HOST:PORT")?.trim_end_matches('/').to_owned();
    let keys = Keys::from_secret_hex(secret)?;
    let answers: usize = answers.parse()?;
    let connections: usize = connections.parse::<usize>()?.clamp(1, answers.max(1));

    // Tokens are signed before the clock starts: the app signs them, not
    // the customer's browser.
    let expires = 4_000_000_000;
    let tokens: Vec<(String, u8)> = (0..answers)
        .map(|i| {
            let reference =
                Reference::parse(&format!("{:032x}", 0x00c0_ffee_0000_0000_u64 + i as u64)).expect("32 hex");
            let token = Token::Survey { survey: Survey::Nps, lang: Lang::Es, reference, expires };
            (keys.sign(&token), (i % 11) as u8)
        })
        .collect();

    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let started = Instant::now();
    let outcome: Res<Vec<Duration>> = runtime.block_on(async {
        let mut tasks = Vec::new();
        for c in 0..connections {
            let mine: Vec<(String, u8)> = tokens.iter().skip(c).step_by(connections).cloned().collect();
            let address = address.clone();
            tasks.push(tokio::spawn(async move { customer_connection(&address, mine).await }));
        }
        let mut latencies = Vec::with_capacity(answers);
        for task in tasks {
            latencies.extend(task.await??);
        }
        Ok(latencies)
    });
    let mut latencies = match outcome {
        Ok(latencies) => latencies,
        Err(e) => return Err(e.to_string().into()),
    };
    let elapsed = started.elapsed().as_secs_f64();

    let db = std::path::Path::new(data_dir).join("collector.sqlite3");
    let conn = rusqlite::Connection::open_with_flags(&db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let recorded: i64 =
        conn.query_row("SELECT count(DISTINCT ref) FROM events WHERE kind = 'answer'", [], |r| r.get(0))?;
    if recorded != answers as i64 {
        return Err(format!("{answers} answers sent, {recorded} recorded in {}", db.display()).into());
    }
    let mut ms: Vec<f64> = latencies.drain(..).map(|d| d.as_secs_f64() * 1000.0).collect();
    println!(
        "answers={answers} requests={} connections={connections} elapsed_s={elapsed:.3} recorded={recorded} \
         p50_ms={:.2} p99_ms={:.2} collector_answers_per_s={:.0}",
        answers * 2,
        crate::percentile(&mut ms, 50.0),
        crate::percentile(&mut ms, 99.0),
        recorded as f64 / elapsed
    );
    Ok(())
}

/// One keep-alive connection giving its share of answers one after the
/// other; returns each answer's time (click + confirmation).
async fn customer_connection(address: &str, tokens: Vec<(String, u8)>) -> Res<Vec<Duration>> {
    let stream = tokio::time::timeout(TIME_LIMIT, TcpStream::connect(address)).await??;
    stream.set_nodelay(true)?;
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    let deadline = Instant::now() + TIME_LIMIT;
    let mut latencies = Vec::with_capacity(tokens.len());
    for (token, score) in tokens {
        if Instant::now() > deadline {
            return Err("the burst took longer than its time limit".into());
        }
        let t0 = Instant::now();
        let click = format!("GET /s/{token}/{score} HTTP/1.1\r\nHost: {address}\r\nUser-Agent: posventa-bench\r\n\r\n");
        write.write_all(click.as_bytes()).await?;
        expect(&mut read, 200).await?;
        let body = format!("score={score}&comment=Muy+bien%2C+gracias");
        let confirm = format!(
            "POST /s/{token} HTTP/1.1\r\nHost: {address}\r\nUser-Agent: posventa-bench\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        write.write_all(confirm.as_bytes()).await?;
        expect(&mut read, 200).await?;
        latencies.push(t0.elapsed());
    }
    Ok(latencies)
}

/// Reads one response (status line, headers, Content-Length body).
async fn expect<R: AsyncBufReadExt + Unpin>(read: &mut R, status: u16) -> Res {
    let mut line = String::new();
    if read.read_line(&mut line).await? == 0 {
        return Err("the collector closed the connection".into());
    }
    let got: u16 = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or("not an HTTP response")?;
    let mut length = None;
    loop {
        line.clear();
        read.read_line(&mut line).await?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = Some(value.trim().parse::<usize>()?);
        }
    }
    let mut body = vec![0; length.ok_or("no Content-Length")?];
    read.read_exact(&mut body).await?;
    if got != status {
        return Err(format!("expected {status}, got {got}: {}", String::from_utf8_lossy(&body)).into());
    }
    Ok(())
}
